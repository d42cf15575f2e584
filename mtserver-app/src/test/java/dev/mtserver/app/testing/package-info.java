/**
 * What the app's integration tests share: {@link dev.mtserver.app.testing.RunningJar} (the real
 * {@code mtserver.jar} as a child process), {@link dev.mtserver.app.testing.RawHttpClient} (exact
 * bytes over a plain socket, strict reading) and {@link dev.mtserver.app.testing.Eventually}
 * (polling for a condition with a deadline instead of sleeping).
 */
package dev.mtserver.app.testing;
