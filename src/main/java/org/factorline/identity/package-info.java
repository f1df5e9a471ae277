/**
 * Who is acting: staff and client users, their roles, API tokens, sign-in, the access scope that keeps
 * a client user inside its own client, and the append-only audit log.
 */
package org.factorline.identity;
