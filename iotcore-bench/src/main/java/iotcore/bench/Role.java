package iotcore.bench;

/** Whom a fleet client connects as. */
enum Role { DEVICE, REGISTRY }
