/**
 * Static content: deciding what a {@link dev.mtserver.domain.path.SitePath} names below the site
 * root and describing it so the HTTP layer can send it.
 *
 * <p>Entry type: {@link dev.mtserver.domain.content.ServeContentUseCase}, implemented by {@link
 * dev.mtserver.domain.content.StaticContentService} over the outbound {@link
 * dev.mtserver.domain.content.LoadResourcePort}. The answer is a {@link
 * dev.mtserver.domain.content.ContentOutcome}: a file (possibly its precompressed sibling, chosen
 * from the client's accepted {@link dev.mtserver.domain.content.ContentCoding}s), a redirect to the
 * slashed directory, a listing, a script that must not be served, or "not found". A file or listing
 * of the upload area is marked {@link dev.mtserver.domain.content.ContentOrigin#UPLOAD}: it is
 * data, never the site's own page.
 *
 * <p>Second entry type: {@link dev.mtserver.domain.content.ArchiveFolderUseCase} ({@link
 * dev.mtserver.domain.content.FolderArchiveService}), what a download of a whole folder holds —
 * only where the folder may be listed, within {@link dev.mtserver.domain.content.ArchiveLimits}.
 *
 * <p>What a store must provide is the port's Javadoc: {@link
 * dev.mtserver.domain.content.LoadResourcePort} (one containment rule, its own {@link
 * dev.mtserver.domain.content.Validator}s, cheap look-ups, the domain's failures) and {@link
 * dev.mtserver.domain.content.OpenContent} (positioned transfers; zero-copy a store's optimisation,
 * never a promise). File bytes never pass through here: a {@link
 * dev.mtserver.domain.content.ContentSource} opens them (or reads them through the store's cache of
 * small files), and the transport moves them. Nothing here knows HTTP syntax beyond what a
 * representation is: media types, an entity tag, a content coding.
 */
package dev.mtserver.domain.content;
