package dev.sluice.policy.admin;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Identifiers: given ones are checked (they end up in Redis keys); generated ones are prefixed random hex. */
final class Ids {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

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
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
