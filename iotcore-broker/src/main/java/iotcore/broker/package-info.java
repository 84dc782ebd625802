/** The MQTT 3.1.1 broker with the IoT Core topic model. */
package iotcore.broker;
