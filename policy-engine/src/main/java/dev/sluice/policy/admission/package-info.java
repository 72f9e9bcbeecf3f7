/** Admission: decides, for every request, who is calling and whether they may. Only the web layer acts on it. */
@NullMarked
package dev.sluice.policy.admission;

import org.jspecify.annotations.NullMarked;
