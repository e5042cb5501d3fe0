package org.garant.store;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Users and their bearer tokens. A token is 32 random bytes (base64url); only its SHA-256 is stored, so a stolen
 * database yields no usable token. A revoked token is refused from the next request on: on PostgreSQL, which several
 * servers may share, every request looks the token up; the embedded store, which one process holds, keeps the tokens
 * it has seen in memory (by hash) and forgets one in the same step that records its revocation, so the cache is
 * exact (a database query per request was what held up requests most when many arrived at once: they queued for
 * H2's page cache). Passwords are stored as Argon2id hashes ({@link Passwords}). Thread-safe.
 */
public final class Users {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Most tokens the embedded store keeps in memory (then it starts afresh). */
    private static final int MAX_CACHED = 10_000;
    private final Store store;
    /** The embedded store's tokens seen, by hash (null on PostgreSQL); guarded by itself for puts and revocations. */
    private final java.util.concurrent.ConcurrentHashMap<String, Cached> cache;
    /** Revocations so far: a lookup that raced with one is not cached. Guarded by {@link #cache}. */
    private long revocations;

    /** A cached token: its id (to forget it on revocation) and its user. */
    private record Cached(String tokenId, Principal principal) {
    }

    Users(Store store) {
        this.store = store;
        this.cache = store.dialect() == Dialect.H2 ? new java.util.concurrent.ConcurrentHashMap<>() : null;
    }

    /** A user as listed (no secrets). */
    public record User(String name, String nation, Set<Role> roles, boolean hasPassword) {
    }

    /** A token just issued: {@code secret} is shown once and never stored. */
    public record IssuedToken(String id, String secret, String user) {
    }

    /** A token as listed (no secret). */
    public record TokenInfo(String id, String user, String label, long createdNs, Long revokedNs) {
    }

    public static Set<Role> parseRoles(String text) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : text.split("[,\\s]+")) {
            if (r.isBlank()) {
                continue;
            }
            try {
                roles.add(Role.valueOf(r.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new StoreException(StoreException.Kind.INVALID, "role '" + r + "' is not one of "
                        + Arrays.toString(Role.values()));
            }
        }
        if (roles.isEmpty()) {
            throw new StoreException(StoreException.Kind.INVALID, "a user needs at least one role, one of " + Arrays.toString(Role.values()));
        }
        return roles;
    }

    /** Creates a user; the password may be null (token-only users). */
    public User create(String actor, String name, String nation, Set<Role> roles, String password) {
        if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new StoreException(StoreException.Kind.INVALID, "user name '" + name + "' must be 1–64 letters, digits or ._@-");
        }
        try {
            Releasability.requireNation(nation);
        } catch (IllegalArgumentException e) {
            throw new StoreException(StoreException.Kind.INVALID, "nation: " + e.getMessage());
        }
        String hash;
        try {
            hash = password == null ? null : Passwords.hash(password);
        } catch (IllegalArgumentException e) {
            throw new StoreException(StoreException.Kind.INVALID, "password: " + e.getMessage());
        }
        String roleText = roles.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
        return store.write(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM users WHERE name = :n").bind("n", name).mapTo(Long.class).one() > 0) {
                throw new StoreException(StoreException.Kind.CONFLICT, "user '" + name + "' exists already");
            }
            h.createUpdate("INSERT INTO users (name, nation, roles, password_hash, created_ns) VALUES (:n, :nat, :r, :p, :t)")
                    .bind("n", name).bind("nat", nation).bind("r", roleText).bind("p", hash).bind("t", nowNs()).execute();
            store.audit().append(h, actor, "user.create", "user", name, Hashes.sha256(name + "|" + nation + "|" + roleText),
                    Releasability.COALITION);
            return new User(name, nation, EnumSet.copyOf(roles), hash != null);
        });
    }

    public List<User> list() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT * FROM users ORDER BY name")
                .map((rs, ctx) -> new User(rs.getString("name"), rs.getString("nation").trim(), parseRoles(rs.getString("roles")),
                        rs.getString("password_hash") != null)).list());
    }

    public Optional<Principal> principal(String name) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT * FROM users WHERE name = :n").bind("n", name)
                .map((rs, ctx) -> new Principal(rs.getString("name"), rs.getString("nation").trim(), parseRoles(rs.getString("roles"))))
                .findOne());
    }

    /** Issues a new token for the user. */
    public IssuedToken issueToken(String actor, String user, String label) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = "gt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] idRaw = new byte[9];
        RANDOM.nextBytes(idRaw);
        String id = "tok_" + Base64.getUrlEncoder().withoutPadding().encodeToString(idRaw);
        store.write(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM users WHERE name = :n").bind("n", user).mapTo(Long.class).one() == 0) {
                throw new StoreException(StoreException.Kind.NOT_FOUND, "no user '" + user + "'");
            }
            h.createUpdate("INSERT INTO tokens (token_hash, id, user_name, label, created_ns) VALUES (:h, :id, :u, :l, :t)")
                    .bind("h", Hashes.sha256(secret)).bind("id", id).bind("u", user).bind("l", label == null ? "" : label)
                    .bind("t", nowNs()).execute();
            store.audit().append(h, actor, "token.issue", "token", id, Hashes.sha256(id + "|" + user), Releasability.COALITION);
            return null;
        });
        return new IssuedToken(id, secret, user);
    }

    /** The user a token belongs to, if the token exists and is not revoked. */
    public Optional<Principal> authenticate(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 200) {
            return Optional.empty();
        }
        String hash = Hashes.sha256(secret);
        if (cache != null) {
            Cached c = cache.get(hash);
            if (c != null) {
                return Optional.of(c.principal());
            }
        }
        long before = 0;
        if (cache != null) {
            synchronized (cache) {
                before = revocations;
            }
        }
        Optional<Cached> found;
        // by plain JDBC: run on every request where the token is not cached (PostgreSQL: never, for revocation by any server)
        try (java.sql.Connection c = store.connection(); java.sql.PreparedStatement ps = c.prepareStatement("SELECT t.id, u.name, u.nation, "
                + "u.roles FROM tokens t JOIN users u ON u.name = t.user_name WHERE t.token_hash = ? AND t.revoked_ns IS NULL")) {
            ps.setString(1, hash);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                found = rs.next() ? Optional.of(new Cached(rs.getString(1), new Principal(rs.getString(2), rs.getString(3).trim(),
                        parseRoles(rs.getString(4))))) : Optional.empty();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("reading tokens failed: " + e.getMessage(), e);
        }
        if (cache != null && found.isPresent()) {
            synchronized (cache) {
                // a revocation committed since the lookup began may be of this token: then it is not cached
                if (revocations == before) {
                    if (cache.size() >= MAX_CACHED) {
                        cache.clear();
                    }
                    cache.put(hash, found.get());
                }
            }
        }
        return found.map(Cached::principal);
    }

    /** Checks a password and, when it matches, issues a token. Empty when the name or password is wrong. */
    public Optional<IssuedToken> login(String name, String password) {
        return checkPassword(name, password).map(p -> issueToken(name, name, "login"));
    }

    /** The user, if the password is theirs (for protocols that authenticate each connection, such as CoT); no token issued. */
    public Optional<Principal> checkPassword(String name, String password) {
        String hash = store.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE name = :n")
                .bind("n", name).mapTo(String.class).findOne().orElse(null));
        if (hash == null || !Passwords.matches(password, hash)) {
            return Optional.empty();
        }
        return principal(name);
    }

    /** Revokes a token by id; the owner or an administrator may. */
    public void revoke(String actor, String tokenId) {
        store.write(h -> {
            int n = h.createUpdate("UPDATE tokens SET revoked_ns = :t WHERE id = :id AND revoked_ns IS NULL")
                    .bind("t", nowNs()).bind("id", tokenId).execute();
            if (n == 0) {
                throw new StoreException(StoreException.Kind.NOT_FOUND, "no active token '" + tokenId + "'");
            }
            store.audit().append(h, actor, "token.revoke", "token", tokenId, Hashes.sha256(tokenId), Releasability.COALITION);
            return null;
        });
        if (cache != null) {
            synchronized (cache) {
                revocations++;
                cache.values().removeIf(c -> c.tokenId().equals(tokenId));
            }
        }
    }

    /** The owner of a token id, if any. */
    public Optional<String> tokenOwner(String tokenId) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT user_name FROM tokens WHERE id = :id").bind("id", tokenId)
                .mapTo(String.class).findOne());
    }

    public List<TokenInfo> tokens(String user) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT * FROM tokens WHERE user_name = :u ORDER BY created_ns")
                .bind("u", user).map((rs, ctx) -> new TokenInfo(rs.getString("id"), rs.getString("user_name"), rs.getString("label"),
                        rs.getLong("created_ns"), (Long) rs.getObject("revoked_ns", Long.class))).list());
    }

    /** After the tables were emptied (tests and benchmarks only). */
    void forgetCachedTokens() {
        if (cache != null) {
            synchronized (cache) {
                revocations++;
                cache.clear();
            }
        }
    }

    static long nowNs() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
