/**
 * The shared kernel: money, rates, identifiers, the business calendar, the error catalogue, idempotency
 * and paging. Every module may use it; it depends on no business module.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.factorline.shared;
