package dev.sluice.policy.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Makes and hashes API keys: {@code sk-sluice-} followed by 43 base62 characters (256 bits of randomness). */
public final class ApiKeys {

    public static final String PREFIX = "sk-sluice-";
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int RANDOM_CHARS = 43;
    private static final int DISPLAY_CHARS = PREFIX.length() + 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A new plaintext key; show it once and store only {@link #hash}. */
    public static String generate() {
        StringBuilder key = new StringBuilder(PREFIX);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            key.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return key.toString();
    }

    /** Hex SHA-256 of the whole plaintext key. */
    public static String hash(String plaintext) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plaintext.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What may be shown of a key after creation, e.g. {@code sk-sluice-AbC12x…}. */
    public static String displayPrefix(String plaintext) {
        return plaintext.substring(0, Math.min(DISPLAY_CHARS, plaintext.length()));
    }

    public static boolean looksLikeKey(String credential) {
        return credential.startsWith("sk-");
    }
}
