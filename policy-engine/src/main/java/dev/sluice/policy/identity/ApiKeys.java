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
    /**
     * A DRBG (NIST SP 800-90A), seeded once here from the platform's entropy source: later draws are computed in
     * process, so generating a key on an event loop reads no file ({@code NativePRNG} reads /dev/urandom each time).
     */
    private static final SecureRandom RANDOM = seeded();

    private ApiKeys() {
    }

    /** Seeds the key generator now (it reads the platform's entropy source once); call it at start-up. */
    public static void seedRandom() {
        RANDOM.nextInt();
    }

    /** A new plaintext key; show it once and store only {@link #hash}. */
    public static String generate() {
        StringBuilder key = new StringBuilder(PREFIX);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            key.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return key.toString();
    }

    private static SecureRandom seeded() {
        SecureRandom random;
        try {
            random = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            random = new SecureRandom();
        }
        random.nextBytes(new byte[32]);
        return random;
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
