package dev.lovage.worker;


/** Masks the password in URLs before they reach a log line or a toString(); see {@link BrokerUrl#mask}. */
public final class UrlMasker {
    private UrlMasker() {
    }

    public static String mask(String url) {
        return BrokerUrl.mask(url);
    }
}
