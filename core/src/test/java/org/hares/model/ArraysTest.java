package org.hares.model;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the tests that create DJL arrays: one native array manager per test class, closed after it. */
public abstract class ArraysTest {

    protected static NDManager manager;

    @BeforeAll
    protected static void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    protected static void closeManager() {
        manager.close();
    }
}
