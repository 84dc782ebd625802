package iotcore.api.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.model.error.Code;
import iotcore.model.error.FieldViolation;
import iotcore.model.error.ServiceException;

import java.util.List;

/** Errors as google.rpc.Status JSON: {@code {code, message, details[BadRequest{fieldViolations}]}}. */
public final class ErrorJson {
    private ErrorJson() {
    }

    public static Response of(ServiceException e) {
        return of(e.code().http(), e.code(), e.getMessage(), e.violations());
    }

    public static Response of(int httpStatus, Code code, String message, List<FieldViolation> violations) {
        ObjectNode body = Json.object().put("code", code.grpc()).put("message", message);
        ArrayNode details = body.putArray("details");
        if (!violations.isEmpty()) {
            ObjectNode badRequest = details.addObject().put("@type", "type.googleapis.com/google.rpc.BadRequest");
            ArrayNode list = badRequest.putArray("fieldViolations");
            violations.forEach(v -> list.addObject().put("field", v.field()).put("description", v.description()));
        }
        return new Response(httpStatus, body);
    }
}
