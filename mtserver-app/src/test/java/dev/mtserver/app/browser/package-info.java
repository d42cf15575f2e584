/**
 * The starter site in a real browser: Debian's chromium, driven through its own chromedriver by
 * Selenium (no driver download, no network), as a first-time user would click through it.
 */
package dev.mtserver.app.browser;
