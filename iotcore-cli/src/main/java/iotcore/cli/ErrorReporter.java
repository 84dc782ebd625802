package iotcore.cli;

import iotcore.cli.client.ApiException;
import iotcore.cli.client.ConnectionException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Maps failures to exit codes and one-line {@code ERROR: } messages like yc's. Expected failures never show a
 * stack trace; anything else is a bug and keeps its trace.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        int exitCode;
        if (ex instanceof ConnectionException) {
            exitCode = ExitCodes.CONNECTION;
        } else if (ex instanceof ApiException || ex instanceof UserException) {
            exitCode = ExitCodes.FAILURE;
        } else {
            ex.printStackTrace(err);
            exitCode = ExitCodes.FAILURE;
        }
        err.println("ERROR: " + ex.getMessage());
        err.flush();
        return exitCode;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("ERROR: " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCodes.FAILURE;
    }
}
