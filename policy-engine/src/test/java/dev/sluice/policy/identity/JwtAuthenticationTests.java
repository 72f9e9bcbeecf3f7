package dev.sluice.policy.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.policy.admission.Caller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class JwtAuthenticationTests {

    private static final String ISSUER = "https://issuer.test";
    private static final String AUDIENCE = "sluice";
    private static final List<JWK> published = new CopyOnWriteArrayList<>();
    private static final AtomicInteger fetches = new AtomicInteger();
    private static DisposableServer jwks;
    private static RSAKey rsa;
    private static ECKey ec;
    private static OctetKeyPair ed;

    @BeforeAll
    static void start() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        ed = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-1").generate();
        published.addAll(List.of(rsa.toPublicJWK(), ec.toPublicJWK(), ed.toPublicJWK()));
        jwks = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.get("/jwks", (req, res) -> {
                    fetches.incrementAndGet();
                    return res.header("content-type", "application/json")
                            .sendString(Mono.fromSupplier(() -> new JWKSet(new ArrayList<>(published)).toString()));
                }))
                .bindNow();
    }

    @AfterAll
    static void stop() {
        jwks.disposeNow();
    }

    private static Authenticator authenticator(Duration minRefresh) {
        JwtSettings settings = new JwtSettings(ISSUER, AUDIENCE, URI.create("http://127.0.0.1:" + jwks.port() + "/jwks"),
                null, JwtSettings.ClaimMapping.DEFAULT, minRefresh, Duration.ofSeconds(5));
        return Authenticators.create(hash -> Mono.empty(), JwtVerifier.create(settings), JwtSettings.ClaimMapping.DEFAULT,
                Clock.systemUTC());
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("alice")
                .claim("tenant", "acme").claim("team", "search").claim("roles", List.of("user", "sluice-admin"))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) throws Exception {
        JWSSigner signer = switch (key) {
            case RSAKey r -> new RSASSASigner(r);
            case ECKey e -> new ECDSASigner(e);
            case OctetKeyPair o -> new Ed25519Signer(o);
            default -> throw new IllegalArgumentException();
        };
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Test
    void acceptsRs256Es256AndEdDsaAndMapsClaimsToTheCaller() throws Exception {
        Authenticator auth = authenticator(Duration.ofSeconds(30));
        for (String token : List.of(sign(rsa, JWSAlgorithm.RS256, claims().build()),
                sign(ec, JWSAlgorithm.ES256, claims().build()),
                sign(ed, JWSAlgorithm.EdDSA, claims().build()))) {
            StepVerifier.create(auth.authenticate("Bearer " + token))
                    .assertNext(a -> {
                        assertThat(a).isInstanceOf(Authentication.Authenticated.class);
                        Caller caller = ((Authentication.Authenticated) a).caller();
                        assertThat(caller.tenant()).isEqualTo("acme");
                        assertThat(caller.team()).isEqualTo("search");
                        assertThat(caller.user()).isEqualTo("alice");
                        assertThat(caller.roles()).isEqualTo(Set.of("user", "sluice-admin"));
                    })
                    .expectComplete().verify(Duration.ofSeconds(5));
        }
    }

    @Test
    void rejectsWrongIssuerAudienceExpiredNotYetValidAndBadSignature() throws Exception {
        Authenticator auth = authenticator(Duration.ofSeconds(30));
        Instant now = Instant.now();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate(); // same kid, other key
        List<String> bad = List.of(
                sign(rsa, JWSAlgorithm.RS256, claims().issuer("https://evil.test").build()),
                sign(rsa, JWSAlgorithm.RS256, claims().audience("other").build()),
                sign(rsa, JWSAlgorithm.RS256, claims().expirationTime(Date.from(now.minusSeconds(60))).build()),
                sign(rsa, JWSAlgorithm.RS256, claims().notBeforeTime(Date.from(now.plusSeconds(120))).build()),
                sign(rsa, JWSAlgorithm.RS256, claims().expirationTime(null).build()),
                sign(stranger, JWSAlgorithm.RS256, claims().build()),
                sign(rsa, JWSAlgorithm.RS256, claims().claim("tenant", null).build()),
                "not.a.jwt");
        for (String token : bad) {
            StepVerifier.create(auth.authenticate("Bearer " + token))
                    .assertNext(a -> assertThat(a).as(token).isInstanceOf(Authentication.Unauthenticated.class))
                    .expectComplete().verify(Duration.ofSeconds(5));
        }
    }

    @Test
    void fetchesTheJwksAgainForAnUnknownKidAtMostOncePerInterval() throws Exception {
        Authenticator auth = authenticator(Duration.ofMillis(200));
        StepVerifier.create(auth.authenticate("Bearer " + sign(rsa, JWSAlgorithm.RS256, claims().build())))
                .assertNext(a -> assertThat(a).isInstanceOf(Authentication.Authenticated.class))
                .expectComplete().verify(Duration.ofSeconds(5));
        int before = fetches.get();

        ECKey rotated = new ECKeyGenerator(Curve.P_256).keyID("ec-2").generate();
        String token = sign(rotated, JWSAlgorithm.ES256, claims().build());
        Thread.sleep(250);
        published.add(rotated.toPublicJWK());
        StepVerifier.create(auth.authenticate("Bearer " + token))
                .assertNext(a -> assertThat(a).isInstanceOf(Authentication.Authenticated.class))
                .expectComplete().verify(Duration.ofSeconds(5));
        assertThat(fetches.get()).isEqualTo(before + 1);

        // an unknown kid right after a fetch does not fetch again
        ECKey unknown = new ECKeyGenerator(Curve.P_256).keyID("ec-unknown").generate();
        StepVerifier.create(auth.authenticate("Bearer " + sign(unknown, JWSAlgorithm.ES256, claims().build())))
                .assertNext(a -> assertThat(a).isInstanceOf(Authentication.Unauthenticated.class))
                .expectComplete().verify(Duration.ofSeconds(5));
        assertThat(fetches.get()).isEqualTo(before + 1);
    }
}
