/**
 * The README's launcher, {@code bin/mtserver}, run as a user runs it: where it serves from and how
 * it keeps its start-up cache.
 */
package dev.mtserver.app.launcher;
