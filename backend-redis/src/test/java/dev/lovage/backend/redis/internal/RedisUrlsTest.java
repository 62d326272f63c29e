package dev.lovage.backend.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class RedisUrlsTest {
    private static RedisURI parse(String url) {
        return RedisUrls.parse(url, Map.of("master_name", "mymaster"), Duration.ofSeconds(5));
    }

    private static RedisCredentials credentials(RedisURI u) {
        return u.getCredentialsProvider().resolveCredentials().block();
    }

    @Test
    void plainUrlWithDbAndPasswordOnly() {
        RedisURI u = parse("redis://:s%40cret@cache:6380/3");
        assertThat(u.getHost()).isEqualTo("cache");
        assertThat(u.getPort()).isEqualTo(6380);
        assertThat(u.getDatabase()).isEqualTo(3);
        assertThat(new String(credentials(u).getPassword())).isEqualTo("s@cret");
        assertThat(credentials(u).getUsername()).isNull();
    }

    @Test
    void usernameAndPassword() {
        RedisURI u = parse("redis://alice:pw@cache/0");
        assertThat(credentials(u).getUsername()).isEqualTo("alice");
        assertThat(new String(credentials(u).getPassword())).isEqualTo("pw");
        assertThat(u.getPort()).isEqualTo(6379);
    }

    @Test
    void tlsWithCelerysCertRequirements() {
        RedisURI u = parse("rediss://cache:6380/1?ssl_cert_reqs=none");
        assertThat(u.isSsl()).isTrue();
        assertThat(u.getVerifyMode()).isEqualTo(SslVerifyMode.NONE);
        assertThat(parse("rediss://cache:6380/1?ssl_cert_reqs=required").getVerifyMode())
                .isEqualTo(SslVerifyMode.FULL);
    }

    @Test
    void sentinelsJoinedBySemicolons() {
        RedisURI u = parse("sentinel://:pw@s1:26379/2;sentinel://s2:26380");
        assertThat(u.getSentinelMasterId()).isEqualTo("mymaster");
        assertThat(u.getSentinels()).extracting(RedisURI::getHost).containsExactly("s1", "s2");
        assertThat(u.getDatabase()).isEqualTo(2);
    }

    @Test
    void sentinelNeedsAMasterName() {
        assertThatThrownBy(() -> RedisUrls.parse("sentinel://s1:26379", Map.of(), Duration.ofSeconds(1)))
                .hasMessageContaining("master_name");
    }

    @Test
    void unixSocket() {
        RedisURI u = parse("redis+socket:///run/redis.sock?virtual_host=4");
        assertThat(u.getSocket()).isEqualTo("/run/redis.sock");
        assertThat(u.getDatabase()).isEqualTo(4);
    }

    @Test
    void keyPrefixLikeCelery() {
        assertThat(new Keys("").task("id")).isEqualTo("celery-task-meta-id");
        assertThat(new Keys("p").task("id")).isEqualTo("p_celery-task-meta-id");
        assertThat(new Keys("p:").group("g")).isEqualTo("p:celery-taskset-meta-g");
        assertThatThrownBy(() -> new Keys("").task("")).isInstanceOf(IllegalArgumentException.class);
    }
}
