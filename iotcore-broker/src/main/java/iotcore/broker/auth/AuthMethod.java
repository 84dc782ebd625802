package iotcore.broker.auth;

/** How a connection proved its identity; kept to re-check it when credentials are removed. */
public sealed interface AuthMethod permits AuthMethod.Certificate, AuthMethod.Password {

    /** The words of the §7.2 "connected" log line: {@code cert: "<fp>"} or {@code login: "<id>"}. */
    String logText();

    record Certificate(byte[] der, String sha1Fingerprint) implements AuthMethod {
        @Override
        public String logText() {
            return "cert: \"" + sha1Fingerprint + "\"";
        }
    }

    record Password(String login, String passwordId) implements AuthMethod {
        @Override
        public String logText() {
            return "login: \"" + login + "\"";
        }
    }
}
