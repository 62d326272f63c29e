package dev.lovage.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** URLs read as kombu's url_to_parts reads them (checked against kombu 5.6 by hand), and masked for any password. */
@Timeout(10)
final class BrokerUrlTest {

    @Test
    void userInformationEndsAtTheLastAtSignAsInKombu() {
        BrokerUrl u = BrokerUrl.parse("amqp://user:p@ss@Host:5673//");
        assertThat(u.user()).isEqualTo("user");
        assertThat(u.password()).isEqualTo("p@ss");
        assertThat(u.host()).isEqualTo("host");
        assertThat(u.port()).isEqualTo(5673);
        assertThat(u.path()).isEqualTo("/");
        BrokerUrl redis = BrokerUrl.parse("redis://:p@s@s@h:6379/0");
        assertThat(redis.user()).isNull();
        assertThat(redis.password()).isEqualTo("p@s@s");
        assertThat(redis.path()).isEqualTo("0");
        assertThat(BrokerUrl.parse("amqp://us@er:pw@host//").user()).isEqualTo("us@er");
    }

    @Test
    void passwordsKeepColonsSemicolonsAndDecodeTheirEscapes() {
        assertThat(BrokerUrl.parse("amqp://user:p:ss@host//").password()).isEqualTo("p:ss");
        assertThat(BrokerUrl.parse("amqp://user:pa;ss@host//").password()).isEqualTo("pa;ss");
        assertThat(BrokerUrl.parse("amqp://user:pa%2Fss@host/v").password()).isEqualTo("pa/ss");
        assertThat(BrokerUrl.parse("amqp://user:a+b%zz%C3%A9@host/v").password()).isEqualTo("a+b%zzé");
    }

    @Test
    void aRawSlashQuestionMarkOrHashInAPasswordIsRefusedAsKombuRefusesItWithoutShowingIt() {
        for (String url : List.of("amqp://user:pa/ss@host//", "amqp://user:p?ss@host//", "amqp://user:p#ss@host//")) {
            assertThatThrownBy(() -> BrokerUrl.parse(url)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("%2F").hasMessageNotContaining("ss@");
        }
    }

    @Test
    void urlsWithoutAHostHaveNone() {
        assertThat(BrokerUrl.parse("amqp://").host()).isNull();
        assertThat(BrokerUrl.parse("amqp://user:pw@/v").host()).isNull();
        assertThat(BrokerUrl.parse("amqp://[::1]:5672/v").host()).isEqualTo("::1");
    }

    @Test
    void masksThePasswordWhateverItHolds() {
        String secret = "s3:@/;?#%é";
        for (String password : List.of("p@ss", "pa/ss", "pa;ss", "p:ss", "p?ss", "p#ss", "123/abc", secret)) {
            String url = "amqp://user:" + password + "@host:5672//";
            assertThat(BrokerUrl.mask(url)).as(url).isEqualTo("amqp://user:**@host:5672//");
        }
        assertThat(BrokerUrl.mask("redis://:" + secret + "@h:6379/0")).isEqualTo("redis://:**@h:6379/0");
    }

    @Test
    void masksEachUrlOfAList() {
        assertThat(BrokerUrl.mask("sentinel://:a;b@h1:26379;sentinel://:c@d@h2:26379"))
                .isEqualTo("sentinel://:**@h1:26379;sentinel://:**@h2:26379");
        assertThat(BrokerUrl.mask("amqp://h1//;amqp://u:x@h2//")).isEqualTo("amqp://h1//;amqp://u:**@h2//");
    }

    @Test
    void leavesUrlsWithoutAPasswordAlone() {
        assertThat(BrokerUrl.mask("amqp://guest@localhost//")).isEqualTo("amqp://guest@localhost//");
        assertThat(BrokerUrl.mask("redis://localhost:6379/0")).isEqualTo("redis://localhost:6379/0");
        assertThat(BrokerUrl.mask("not a url")).isEqualTo("not a url");
        assertThat(BrokerUrl.parse("amqp://user:secret@host/v?heartbeat=5").masked())
                .isEqualTo("amqp://user:**@host/v?heartbeat=5");
    }

    @Test
    void aBrokerUrlWithoutAHostOrWithAnUnreadablePortIsRefusedAtStart() {
        assertThatThrownBy(() -> CeleryConfig.builder().brokerUrl("amqp://user:pw@/v").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("names no host")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> CeleryConfig.builder().brokerUrl("amqp://user:pa/ss@host//").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("is not a number")
                .hasMessageNotContaining("ss@").hasMessageNotContaining("'pa'");
        // kombu reads ';' as the separator of failover URLs: a raw ';' in a password splits the URL.
        assertThatThrownBy(() -> CeleryConfig.builder().brokerUrl("amqp://user:p@ss:w;rd@host//").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("%3B")
                .hasMessageNotContaining("ss:w").hasMessageNotContaining("w;rd").hasMessageNotContaining("rd@");
        assertThat(CeleryConfig.builder().brokerUrl("amqp://user:p@ss@host//").build().brokerUrl())
                .isEqualTo("amqp://user:p@ss@host//");
    }
}
