/**
 * The channel SPI: the types a channel adapter author sees. Depends on the JDK only.
 */
package io.recall.channels;
