package dev.mtserver.http.site;

/**
 * The look of the pages the server writes itself — listings, the answer to an upload — condensed
 * from the starter site's stylesheet and sent inline, so that they look right on any site, whether
 * or not it has that stylesheet, and under a policy that loads nothing from anywhere.
 */
public final class PageStyle {

  /** The stylesheet, for a {@code <style>} element. */
  public static final String CSS =
      ":root{--ink:#1d2330;--muted:#5b6475;--line:#d9dde5;--accent:#2f6fde;--ok:#1f8a4c;"
          + "--paper:#fbfcfe}"
          + "*{box-sizing:border-box}"
          + "body{margin:0;font:16px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;"
          + "color:var(--ink);background:var(--paper)}"
          + "header,main,footer{max-width:56rem;margin:0 auto;padding:1rem 1.25rem}"
          + "header{border-bottom:1px solid var(--line)}"
          + "header a{font-weight:700;font-size:1.2rem;color:var(--ink);text-decoration:none}"
          + "h1{font-size:1.6rem;margin:1.2rem 0 .6rem;overflow-wrap:anywhere}"
          + "a{color:var(--accent)}.actions a{margin-right:1rem}.ok{color:var(--ok)}"
          + "table{border-collapse:collapse;width:100%}"
          + "td,th{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line)}"
          + "td.name{overflow-wrap:anywhere}td.size,th.size{text-align:right;white-space:nowrap}"
          + "th a{color:var(--ink)}td time{white-space:nowrap}"
          + "footer{color:var(--muted);font-size:.88rem;border-top:1px solid var(--line);"
          + "margin-top:2rem}";

  private PageStyle() {}
}
