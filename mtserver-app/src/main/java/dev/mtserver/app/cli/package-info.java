/**
 * The command line: {@link dev.mtserver.app.cli.Main} is the program's entry point and the only
 * code allowed to write to {@code System.out} and {@code System.err}. {@link
 * dev.mtserver.app.cli.MtServerCommand} declares every flag with picocli (the operator's flags in
 * the {@code OperationsOptions} mixin) and turns them into {@link dev.mtserver.app.ServerSettings}
 * and {@link dev.mtserver.app.ops.OperationsSettings}. {@code LayeredDefaults} gives each flag its
 * value from {@code MTSERVER_*} variables and the {@code --config} file when the command line does
 * not; {@code StartupBanner} writes the start-up lines, the URL first.
 */
package dev.mtserver.app.cli;
