/**
 * Server-rendered pages for staff and clients (Thymeleaf + htmx + Pico CSS). Pages call the modules'
 * public services; nobody depends on this module.
 */
package org.factorline.web;
