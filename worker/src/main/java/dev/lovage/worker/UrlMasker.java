package dev.lovage.worker;

import java.util.regex.Pattern;

/** Masks the password in URLs before they reach a log line or a toString(). */
public final class UrlMasker {
    // scheme://user:password@host or scheme://:password@host; several URLs may be joined by ';' (Sentinel).
    private static final Pattern PASSWORD = Pattern.compile("(://[^:/@;]*):([^@/;]*)@");

    private UrlMasker() {
    }

    public static String mask(String url) {
        return PASSWORD.matcher(url).replaceAll("$1:**@");
    }
}
