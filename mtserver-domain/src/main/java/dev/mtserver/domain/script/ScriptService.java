package dev.mtserver.domain.script;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.upload.UploadArea;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Implements {@link RunScriptUseCase}: never runs anything from the uploads directory (files there
 * are data a stranger sent), runs only what the store locates inside the site, and leaves the
 * running to the {@link ScriptRunnerPort}.
 */
public final class ScriptService implements RunScriptUseCase {

  private final LocateScriptPort scripts;
  private final ScriptRunnerPort runner;
  private final UploadArea uploads;

  public ScriptService(LocateScriptPort scripts, ScriptRunnerPort runner, UploadArea uploads) {
    this.scripts = Objects.requireNonNull(scripts, "scripts");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.uploads = Objects.requireNonNull(uploads, "uploads");
  }

  @Override
  public ScriptOutcome run(ScriptInvocation invocation) throws IOException {
    SitePath script = invocation.target().script();
    if (uploads.contains(script)) {
      return new ScriptOutcome.Forbidden();
    }
    Optional<ScriptFile> file = scripts.locate(script);
    if (file.isEmpty()) {
      return new ScriptOutcome.NotFound();
    }
    return runner.run(file.get(), invocation);
  }
}
