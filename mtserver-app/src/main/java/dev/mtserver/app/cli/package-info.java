/**
 * The command line: {@link dev.mtserver.app.cli.Main} is the program's entry point and the only
 * code allowed to write to {@code System.out} and {@code System.err}. {@link
 * dev.mtserver.app.cli.MtServerCommand} declares every flag with picocli and turns them into
 * {@link dev.mtserver.app.ServerSettings}.
 */
package dev.mtserver.app.cli;
