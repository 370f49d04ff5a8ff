package io.familymeeting.media.core.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Answers a camera's {@code WWW-Authenticate} challenge (RFC 2326 §12.44 borrows HTTP
 * authentication): Digest (RFC 7616; MD5 and SHA-256, qop=auth or the RFC 2069 form without
 * qop) preferred over Basic (RFC 7617). After a challenge was seen, every request carries the
 * matching Authorization header, with a growing nonce count. Not thread-safe.
 */
public final class Authenticator {
    private final String user;
    private final String password;
    private final SecureRandom random = new SecureRandom();
    private Map<String, String> digest;
    private boolean basic;
    private int nonceCount;

    public Authenticator(String user, String password) {
        this.user = user;
        this.password = password == null ? "" : password;
    }

    public boolean hasCredentials() {
        return user != null && !user.isEmpty();
    }

    /** True once a challenge was accepted: requests now carry an Authorization header. */
    public boolean isActive() {
        return digest != null || basic;
    }

    /**
     * Takes the challenges of a 401 response. Returns false when none is usable (unknown
     * schemes only, or no credentials).
     */
    public boolean onChallenge(List<String> wwwAuthenticate) {
        if (!hasCredentials()) {
            return false;
        }
        Map<String, String> best = null;
        boolean sawBasic = false;
        for (String value : wwwAuthenticate) {
            String v = value.trim();
            if (v.regionMatches(true, 0, "Digest", 0, 6)) {
                Map<String, String> params = parseParams(v.substring(6));
                String alg = params.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT);
                if (!alg.equals("MD5") && !alg.equals("SHA-256")) {
                    continue;
                }
                // RFC 7616 §3.7: prefer SHA-256 when both are offered.
                if (best == null || alg.equals("SHA-256")) {
                    best = params;
                }
            } else if (v.regionMatches(true, 0, "Basic", 0, 5)) {
                sawBasic = true;
            }
        }
        if (best != null && best.containsKey("nonce")) {
            digest = best;
            basic = false;
            nonceCount = 0;
            return true;
        }
        if (sawBasic) {
            basic = true;
            digest = null;
            return true;
        }
        return false;
    }

    /** The Authorization header value for this request, or null before any challenge. */
    public String authorization(String method, String uri) {
        if (basic) {
            // RFC 7617 §2: base64(user ":" password).
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        if (digest == null) {
            return null;
        }
        String realm = digest.getOrDefault("realm", "");
        String nonce = digest.get("nonce");
        String algorithm = digest.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT);
        String opaque = digest.get("opaque");
        boolean qopAuth = false;
        String qop = digest.get("qop");
        if (qop != null) {
            for (String q : qop.split(",")) {
                if (q.trim().equalsIgnoreCase("auth")) {
                    qopAuth = true;
                }
            }
        }
        StringBuilder sb = new StringBuilder("Digest ");
        sb.append("username=\"").append(user).append("\", realm=\"").append(realm)
                .append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri).append('"');
        String response;
        if (qopAuth) {
            nonceCount++;
            String nc = String.format("%08x", nonceCount);
            byte[] c = new byte[8];
            random.nextBytes(c);
            String cnonce = HexFormat.of().formatHex(c);
            response = digestResponse(algorithm, user, realm, password, method, uri, nonce, nc, cnonce);
            sb.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        } else {
            response = digestResponse(algorithm, user, realm, password, method, uri, nonce, null, null);
        }
        sb.append(", response=\"").append(response).append('"');
        if (digest.containsKey("algorithm")) {
            sb.append(", algorithm=").append(digest.get("algorithm"));
        }
        if (opaque != null) {
            sb.append(", opaque=\"").append(opaque).append('"');
        }
        return sb.toString();
    }

    /**
     * RFC 7616 §3.4.1: HA1 = H(user:realm:password), HA2 = H(method:uri); with qop=auth
     * response = H(HA1:nonce:nc:cnonce:auth:HA2), without qop (RFC 2069) H(HA1:nonce:HA2).
     */
    static String digestResponse(String algorithm, String user, String realm, String password, String method,
                                 String uri, String nonce, String nc, String cnonce) {
        String ha1 = hash(algorithm, user + ":" + realm + ":" + password);
        String ha2 = hash(algorithm, method + ":" + uri);
        return nc == null
                ? hash(algorithm, ha1 + ":" + nonce + ":" + ha2)
                : hash(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
    }

    static String hash(String algorithm, String s) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm.equals("SHA-256") ? "SHA-256" : "MD5");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 7616 §3.3 / RFC 7235 §2.1 auth-params: {@code k=v} or {@code k="v"}, comma separated. */
    static Map<String, String> parseParams(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == ',' || s.charAt(i) == '\t')) {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            String value;
            if (i < n && s.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    sb.append(s.charAt(i));
                    i++;
                }
                i++;
                value = sb.toString();
            } else {
                int comma = s.indexOf(',', i);
                int stop = comma < 0 ? n : comma;
                value = s.substring(i, stop).trim();
                i = stop;
            }
            out.put(key, value);
        }
        return out;
    }
}
