/**
 * Static content: finding what a {@link dev.mtserver.domain.path.SitePath} names below the site
 * root and describing it so the HTTP layer can send it.
 *
 * <p>Entry type: {@link dev.mtserver.domain.content.ServeContentUseCase}, implemented by
 * {@link dev.mtserver.domain.content.StaticContentService} over the outbound
 * {@link dev.mtserver.domain.content.LoadResourcePort}. File bytes never pass through here: a
 * {@link dev.mtserver.domain.content.ContentSource} opens them, and the transport moves them
 * (zero-copy where it can).
 */
package dev.mtserver.domain.content;
