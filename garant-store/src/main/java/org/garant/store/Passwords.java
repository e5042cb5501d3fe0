package org.garant.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashing with Argon2id (RFC 9106; OWASP's first choice): 19 MiB of memory, 2 passes, one lane, a 16-byte
 * random salt, a 32-byte hash. Stored as a PHC string {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}, so the
 * parameters can be raised later without breaking stored hashes. Thread-safe.
 */
public final class Passwords {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int LANES = 1;

    private Passwords() {
    }

    /** The PHC string of a new hash of the password. */
    public static String hash(String password) {
        if (password == null || password.length() < 8) {
            throw new IllegalArgumentException("a password needs at least 8 characters");
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] h = argon2(password, salt, MEMORY_KIB, ITERATIONS, LANES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + LANES + "$" + b64.encodeToString(salt)
                + "$" + b64.encodeToString(h);
    }

    /** Whether the password matches the stored PHC string (constant-time comparison). */
    public static boolean matches(String password, String phc) {
        if (password == null || phc == null) {
            return false;
        }
        String[] parts = phc.split("\\$");
        if (parts.length != 6 || !parts[1].equals("argon2id")) {
            return false;
        }
        int m = 0;
        int t = 0;
        int p = 0;
        for (String kv : parts[3].split(",")) {
            String[] e = kv.split("=");
            switch (e[0]) {
                case "m" -> m = Integer.parseInt(e[1]);
                case "t" -> t = Integer.parseInt(e[1]);
                case "p" -> p = Integer.parseInt(e[1]);
                default -> {
                    return false;
                }
            }
        }
        Base64.Decoder d = Base64.getDecoder();
        byte[] salt = d.decode(parts[4]);
        byte[] expected = d.decode(parts[5]);
        return MessageDigest.isEqual(expected, argon2(password, salt, m, t, p));
    }

    private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int lanes) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memoryKib).withIterations(iterations)
                .withParallelism(lanes).withSalt(salt).build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        byte[] out = new byte[32];
        gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
