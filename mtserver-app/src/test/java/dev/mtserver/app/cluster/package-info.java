/**
 * Several instances, one site (issue 15, outcome 3): two real MTServer jars on one bucket (S3Proxy
 * in the test's JVM) and one PostgreSQL database, driven over real sockets.
 */
package dev.mtserver.app.cluster;
