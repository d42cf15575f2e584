/**
 * The CGI/1.1 contract (RFC 3875) that every gateway a script runs behind speaks, in one place: the
 * CGI adapter ({@code php-cgi} as a child process) and the FastCGI adapter ({@code php-fpm}) both
 * use it, so a script sees the same request and is held to the same answer whichever runs it.
 *
 * <p>{@link dev.mtserver.domain.script.gateway.GatewayVariables} builds the variables a script
 * receives (meta-variables, {@code HTTP_*}, never {@code HTTP_PROXY}); {@link
 * dev.mtserver.domain.script.gateway.ScriptHeadParser} reads the header block its answer starts
 * with, strictly, into a {@link dev.mtserver.domain.script.gateway.ScriptHead}, before anything is
 * sent; {@link dev.mtserver.domain.script.gateway.StderrLines} makes its error output fit for the
 * log, bounded.
 *
 * <p>Pure: strings and streams in, values out; no process, socket or file. How the variables and
 * the bytes travel is the adapters' business.
 */
package dev.mtserver.domain.script.gateway;
