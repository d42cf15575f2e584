/**
 * The one path type every layer shares: {@link dev.mtserver.domain.path.SitePath}, a decoded,
 * normalised path below the site root that cannot express "go up".
 *
 * <p>The HTTP layer produces it from a request-target; storage adapters turn it into real file
 * names. Because a {@code SitePath} can never hold {@code ..}, {@code .}, an empty segment, a
 * slash, a backslash or a control character inside a segment, no code downstream has to repeat
 * those checks — although storage still checks where symbolic links lead.
 */
package dev.mtserver.domain.path;
