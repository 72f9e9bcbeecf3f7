/** Test infrastructure shared by the modules' integration tests: real servers, never mocks. */
@NullMarked
package dev.sluice.testsupport;

import org.jspecify.annotations.NullMarked;
