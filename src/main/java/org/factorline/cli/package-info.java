/**
 * The command line of the same jar: {@code java -jar factorline.jar COMMAND}. Without a command the jar
 * runs the server. Nothing depends on this module.
 */
package org.factorline.cli;
