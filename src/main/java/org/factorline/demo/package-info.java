/**
 * Demo data for the embedded default: a small, realistic factor created on the first start, so that a
 * newcomer sees a working system at once. Never runs in the production profile.
 */
package org.factorline.demo;
