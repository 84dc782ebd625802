package iotcore.server.mqtt;

/**
 * The cast of spec §8: registry R1 with devices D1 and D2, and registry R2 with device D3, all in one
 * new folder, each with a certificate and a password of its own. Every test makes its own world, so
 * tests sharing a server never see each other's traffic.
 */
public record World(String folderId, Identity r1, Identity d1, Identity d2, Identity r2, Identity d3) {}
