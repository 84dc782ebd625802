package iotcore.cli;

/** Exit codes scripts can rely on; 2 lets them tell "server down" apart from "request refused". */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int CONNECTION = 2;

    private ExitCodes() {
    }
}
