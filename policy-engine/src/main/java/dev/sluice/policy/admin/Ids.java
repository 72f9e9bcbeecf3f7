package dev.sluice.policy.admin;

import java.util.concurrent.ThreadLocalRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Identifiers: given ones are checked (they end up in Redis keys); generated ones are prefixed random hex. */
final class Ids {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Ids() {
    }

    static String check(String id, String param) {
        if (!VALID.matcher(id).matches()) {
            throw new BadRequestException(param + " must match " + VALID.pattern(), param);
        }
        return id;
    }

    static String generate(String prefix) {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes); // ids are unique, not secret; no SecureRandom I/O on an event loop
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
