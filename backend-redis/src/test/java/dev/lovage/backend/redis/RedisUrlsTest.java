package dev.lovage.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class RedisUrlsTest {
    private static final Map<String, String> MASTER = Map.of("master_name", "mymaster");

    private static RedisURI parse(String url) {
        return RedisUrls.parse(url, MASTER, Duration.ofSeconds(5));
    }

    private static RedisCredentials credentials(RedisURI u) {
        return u.getCredentialsProvider().resolveCredentials().block();
    }

    private static String password(RedisURI u) {
        char[] password = credentials(u).getPassword();
        return password == null ? null : new String(password);
    }

    @Test
    void plainUrlWithDbAndPasswordOnly() {
        RedisURI u = parse("redis://:s%40cret@cache:6380/3");
        assertThat(u.getHost()).isEqualTo("cache");
        assertThat(u.getPort()).isEqualTo(6380);
        assertThat(u.getDatabase()).isEqualTo(3);
        assertThat(password(u)).isEqualTo("s@cret");
        assertThat(credentials(u).getUsername()).isNull();
        assertThat(u.getTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void usernameAndPassword() {
        RedisURI u = parse("redis://alice:pw@cache/0");
        assertThat(credentials(u).getUsername()).isEqualTo("alice");
        assertThat(password(u)).isEqualTo("pw");
        assertThat(u.getPort()).isEqualTo(6379);
    }

    @Test
    void aRawAtSignColonOrSemicolonInAPasswordIsReadAsKombuReadsIt() {
        RedisURI u = parse("redis://:p@s:s;@cache:6380/3");
        assertThat(u.getHost()).isEqualTo("cache");
        assertThat(u.getPort()).isEqualTo(6380);
        assertThat(u.getDatabase()).isEqualTo(3);
        assertThat(password(u)).isEqualTo("p@s:s;");
        RedisURI withUser = parse("redis://al@ice:pw@d@cache/1");
        assertThat(credentials(withUser).getUsername()).isEqualTo("al@ice");
        assertThat(password(withUser)).isEqualTo("pw@d");
        assertThat(parse("redis://:pw@/2").getHost()).isEqualTo("localhost");
    }

    @Test
    void aSentinelPasswordWithARawAtSign() {
        RedisURI u = parse("sentinel://:p@ss@s1:26379/0;sentinel://s2:26380");
        assertThat(password(u)).isEqualTo("p@ss");
        assertThat(u.getSentinels()).extracting(RedisURI::getHost).containsExactly("s1", "s2");
    }

    @Test
    void defaultsToLocalhostLikeCelery() {
        RedisURI u = parse("redis://");
        assertThat(u.getHost()).isEqualTo("localhost");
        assertThat(u.getPort()).isEqualTo(6379);
        assertThat(u.getDatabase()).isZero();
        assertThat(parse("redis:///2").getDatabase()).isEqualTo(2);
    }

    @Test
    void tlsWithCelerysCertRequirements() {
        RedisURI none = parse("rediss://cache:6380/1?ssl_cert_reqs=none");
        assertThat(none.isSsl()).isTrue();
        assertThat(none.getDatabase()).isEqualTo(1);
        assertThat(none.getVerifyMode()).isEqualTo(SslVerifyMode.NONE);
        assertThat(parse("rediss://cache:6380/1?ssl_cert_reqs=CERT_NONE").getVerifyMode())
                .isEqualTo(SslVerifyMode.NONE);
        assertThat(parse("rediss://cache/1?ssl_cert_reqs=optional").getVerifyMode()).isEqualTo(SslVerifyMode.CA);
        assertThat(parse("rediss://cache/1?ssl_cert_reqs=required").getVerifyMode()).isEqualTo(SslVerifyMode.FULL);
        assertThat(parse("rediss://cache/1").getVerifyMode()).isEqualTo(SslVerifyMode.FULL);
        assertThatThrownBy(() -> parse("rediss://cache/1?ssl_cert_reqs=maybe")).hasMessageContaining("ssl_cert_reqs");
    }

    @Test
    void sentinelsJoinedBySemicolons() {
        RedisURI u = parse("sentinel://:pw@s1:26379/2;sentinel://s2:26380; sentinel://s3");
        assertThat(u.getSentinelMasterId()).isEqualTo("mymaster");
        assertThat(u.getSentinels()).extracting(RedisURI::getHost).containsExactly("s1", "s2", "s3");
        assertThat(u.getSentinels()).extracting(RedisURI::getPort).containsExactly(26379, 26380, 26379);
        assertThat(u.getDatabase()).isEqualTo(2);
        // The URL's password is the master's (Celery's connparams); the sentinels get sentinel_kwargs.
        assertThat(password(u)).isEqualTo("pw");
        assertThat(u.getSentinels()).allSatisfy(s -> assertThat(password(s)).isNull());
    }

    @Test
    void sentinelPasswordFromSentinelKwargs() {
        for (String kwargs : List.of("{\"password\": \"spw\"}", "{password=spw}",
                "{socket_timeout=1, password=spw}")) {
            RedisURI u = RedisUrls.parse("sentinel://s1:26379;sentinel://s2:26380",
                    Map.of("master_name", "m", "sentinel_kwargs", kwargs), Duration.ofSeconds(1));
            assertThat(u.getSentinels()).allSatisfy(s -> assertThat(password(s)).as(kwargs).isEqualTo("spw"));
        }
    }

    @Test
    void sentinelNeedsAMasterName() {
        assertThatThrownBy(() -> RedisUrls.parse("sentinel://s1:26379", Map.of(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("master_name");
    }

    @Test
    void brokerUrlsNameTheirOwnSettings() {
        assertThatThrownBy(() -> RedisUrls.parse("broker_url", "sentinel://s1:26379", Map.of(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("broker_url sentinel://s1:26379")
                .hasMessageContaining("broker_transport_options");
        RedisURI u = RedisUrls.parse("broker_url", "redis://:pw@h:6390/3", Map.of(), Duration.ofSeconds(2));
        assertThat(u.getDatabase()).isEqualTo(3);
        assertThat(u.getPort()).isEqualTo(6390);
    }

    @Test
    void unixSocketSpellings() {
        RedisURI u = parse("redis+socket:///run/redis.sock?virtual_host=4");
        assertThat(u.getSocket()).isEqualTo("/run/redis.sock");
        assertThat(u.getDatabase()).isEqualTo(4);
        RedisURI unix = parse("unix:///run/redis.sock?db=5");
        assertThat(unix.getSocket()).isEqualTo("/run/redis.sock");
        assertThat(unix.getDatabase()).isEqualTo(5);
        assertThat(parse("socket:///tmp/r.sock").getDatabase()).isZero();
    }

    @Test
    void unknownSchemesFailWithTheUrlMasked() {
        assertThatThrownBy(() -> parse("amqp://guest:secret@host//"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amqp://guest:**@host//").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> parse("redis://:secret@host/notadb"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret");
    }
}
