/**
 * Which script answers a request for a path, the way a PHP application expects (ADR 0041): {@link
 * dev.mtserver.domain.script.routing.RouteScriptUseCase}, implemented by {@link
 * dev.mtserver.domain.script.routing.ScriptRoutes} — a path through a {@code .php} file split into
 * the script and its {@code PATH_INFO}, a directory's {@code index.php} after {@code index.html},
 * and a front controller for paths that name nothing. It asks the static content's store ({@link
 * dev.mtserver.domain.content.LoadResourcePort}) what a path names, so it lives apart from both the
 * content and the script packages, which must not depend on each other both ways.
 */
package dev.mtserver.domain.script.routing;
