package dev.sluice.gateway.provider.anthropic;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static dev.sluice.gateway.provider.anthropic.AnthropicJson.MAPPER;
import static dev.sluice.gateway.provider.anthropic.InvalidRequests.invalid;
import static dev.sluice.gateway.provider.anthropic.InvalidRequests.unsupportedValue;

/**
 * Turns one OpenAI message's {@code content} (a string or an array of parts) into Anthropic content blocks:
 * text, image (base64 from a {@code data:} URL, or by URL) and document (a PDF sent as {@code file.file_data}).
 * Empty text is left out: Anthropic rejects empty text blocks.
 */
final class ContentBlocks {

    private static final String DATA_PREFIX = "data:";
    private static final String BASE64_MARKER = ";base64";

    private ContentBlocks() {
    }

    /** Content a user may send: text, images, PDF files. */
    static void appendUserContent(JsonNode content, String param, ArrayNode blocks) {
        if (content.isString()) {
            appendText(content.stringValue(), blocks);
            return;
        }
        if (!content.isArray()) {
            throw invalid("'content' must be a string or an array of content parts.", param);
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partParam = param + "[" + j + "]";
            switch (partType(part, partParam)) {
                case "text" -> appendText(textOf(part, partParam), blocks);
                case "image_url" -> blocks.add(image(part.get("image_url"), partParam + ".image_url"));
                case "file" -> blocks.add(document(part.get("file"), partParam + ".file"));
                default -> throw unsupportedValue("Content part type '" + part.get("type").asString()
                        + "' is not supported by this model's provider.", partParam + ".type");
            }
        }
    }

    /** Content an assistant message may carry: text and refusal parts, both sent as text. */
    static void appendAssistantContent(JsonNode content, String param, ArrayNode blocks) {
        if (content.isNull() || content.isMissingNode()) {
            return;
        }
        if (content.isString()) {
            appendText(content.stringValue(), blocks);
            return;
        }
        if (!content.isArray()) {
            throw invalid("'content' must be a string, an array of content parts, or null.", param);
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partParam = param + "[" + j + "]";
            switch (partType(part, partParam)) {
                case "text" -> appendText(textOf(part, partParam), blocks);
                case "refusal" -> appendText(stringField(part, "refusal", partParam + ".refusal"), blocks);
                default -> throw unsupportedValue("Content part type '" + part.get("type").asString()
                        + "' is not allowed in an assistant message.", partParam + ".type");
            }
        }
    }

    /** Text-only content (system, developer and tool messages): the text of each part, in order. */
    static String textOnly(JsonNode content, String param, String separator) {
        if (content.isString()) {
            return content.stringValue();
        }
        if (!content.isArray()) {
            throw invalid("'content' must be a string or an array of text parts.", param);
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partParam = param + "[" + j + "]";
            if (!"text".equals(partType(part, partParam))) {
                throw unsupportedValue("Only text content parts are allowed in this message.", partParam + ".type");
            }
            if (!text.isEmpty()) {
                text.append(separator);
            }
            text.append(textOf(part, partParam));
        }
        return text.toString();
    }

    static void appendText(String text, ArrayNode blocks) {
        if (!text.isEmpty()) {
            blocks.addObject().put("type", "text").put("text", text);
        }
    }

    private static String partType(JsonNode part, String param) {
        if (!part.isObject()) {
            throw invalid("Each content part must be an object.", param);
        }
        return stringField(part, "type", param + ".type");
    }

    private static String textOf(JsonNode part, String param) {
        return stringField(part, "text", param + ".text");
    }

    static String stringField(JsonNode node, String name, String param) {
        JsonNode value = node.get(name);
        if (value == null || !value.isString()) {
            throw invalid("'" + name + "' must be a string.", param);
        }
        return value.stringValue();
    }

    private static ObjectNode image(JsonNode imageUrl, String param) {
        JsonNode urlNode = imageUrl != null && imageUrl.isObject() ? imageUrl.get("url") : imageUrl;
        if (urlNode == null || !urlNode.isString()) {
            throw invalid("'image_url.url' must be a string.", param + ".url");
        }
        String url = urlNode.stringValue();
        ObjectNode block = MAPPER.createObjectNode().put("type", "image");
        if (url.regionMatches(true, 0, DATA_PREFIX, 0, DATA_PREFIX.length())) {
            block.set("source", base64Source(url, param + ".url"));
        } else if (url.regionMatches(true, 0, "https://", 0, 8) || url.regionMatches(true, 0, "http://", 0, 7)) {
            block.putObject("source").put("type", "url").put("url", url);
        } else {
            throw unsupportedValue("Image URLs must be http(s) URLs or base64 data: URLs.", param + ".url");
        }
        return block;
    }

    private static ObjectNode document(JsonNode file, String param) {
        if (file == null || !file.isObject()) {
            throw invalid("'file' must be an object.", param);
        }
        JsonNode data = file.get("file_data");
        if (data == null || !data.isString()) {
            throw unsupportedValue("Only files sent inline as 'file_data' (a base64 data: URL of a PDF) are supported;"
                    + " 'file_id' is not.", param + ".file_data");
        }
        ObjectNode source = base64Source(data.stringValue(), param + ".file_data");
        if (!"application/pdf".equals(source.get("media_type").stringValue())) {
            throw unsupportedValue("Only PDF files (application/pdf) are supported.", param + ".file_data");
        }
        ObjectNode block = MAPPER.createObjectNode().put("type", "document");
        block.set("source", source);
        return block;
    }

    /** {@code data:<media type>;base64,<data>} → {@code {"type":"base64","media_type","data"}}. */
    private static ObjectNode base64Source(String dataUrl, String param) {
        int comma = dataUrl.indexOf(',');
        String header = comma < 0 ? "" : dataUrl.substring(DATA_PREFIX.length(), comma);
        if (comma < 0 || !header.regionMatches(true, header.length() - BASE64_MARKER.length(), BASE64_MARKER, 0,
                BASE64_MARKER.length()) || header.length() == BASE64_MARKER.length()) {
            throw unsupportedValue("data: URLs must have the form data:<media type>;base64,<data>.", param);
        }
        String mediaType = header.substring(0, header.length() - BASE64_MARKER.length());
        int parameters = mediaType.indexOf(';');
        if (parameters >= 0) {
            mediaType = mediaType.substring(0, parameters);
        }
        return MAPPER.createObjectNode()
                .put("type", "base64")
                .put("media_type", mediaType.toLowerCase(java.util.Locale.ROOT))
                .put("data", dataUrl.substring(comma + 1));
    }
}
