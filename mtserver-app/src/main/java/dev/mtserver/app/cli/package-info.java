/**
 * The command line: {@link dev.mtserver.app.cli.Main} is the program's entry point and the only
 * code allowed to write to {@code System.out} and {@code System.err}. {@link
 * dev.mtserver.app.cli.MtServerCommand} declares every flag with picocli (the operator's flags in
 * the {@code OperationsOptions} mixin) and turns them into {@link dev.mtserver.app.ServerSettings}
 * and {@link dev.mtserver.app.ops.OperationsSettings}. {@code LayeredDefaults} gives each flag its
 * value from {@code MTSERVER_*} variables and the {@code --config} file when the command line does
 * not; {@code StartupBanner} writes the start-up lines, the URL first. {@code AnnotationPrefetch}
 * reads the flags' annotations on a thread of its own while {@code main} sets up logging, a part of
 * the start that would otherwise wait on the main thread. {@code TrainingRun}, a second main class,
 * is the training run of {@code bin/mtserver}'s start-up cache: the server started as {@code Main}
 * starts it, trained with the requests of {@code dev.mtserver.app.training}, then stopped.
 */
package dev.mtserver.app.cli;
