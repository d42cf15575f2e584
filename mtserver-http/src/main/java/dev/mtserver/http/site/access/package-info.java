/**
 * Who may call the site, in front of it: {@link dev.mtserver.http.site.access.AccessGuard} maps the
 * domain's access decision (ADR 0040: credentials for writes or for everything, the failure
 * throttle) to {@code 401}, {@code 429} or the request going on, from the request head alone; and
 * {@link dev.mtserver.http.site.access.CorsHandler} answers CORS preflights (before the guard, as
 * the Fetch standard requires) and marks answers other origins may read ({@link
 * dev.mtserver.http.site.access.CorsPolicy}, {@code --cors}).
 */
package dev.mtserver.http.site.access;
