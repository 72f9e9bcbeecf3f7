package dev.sluice.gateway.provider.openai;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Changes the gateway makes to a client's OpenAI request before sending it to an OpenAI-compatible upstream. */
public final class OpenAiRequests {

    private OpenAiRequests() {
    }

    /**
     * Names the upstream model and, for a stream, forces {@code stream_options.include_usage=true} so that the
     * usage of every stream is known (the extra chunk is dropped again if the client did not ask for it).
     * Every other field, unknown ones included, passes on untouched.
     */
    public static ObjectNode forUpstream(ObjectNode body, String upstreamModel, boolean stream) {
        body.put("model", upstreamModel);
        if (stream) {
            JsonNode options = body.get("stream_options");
            ObjectNode streamOptions = options instanceof ObjectNode o ? o : body.putObject("stream_options");
            streamOptions.put("include_usage", true);
        }
        return body;
    }
}
