/** Seed scenario 3: a database primary that flaps during maintenance, failed over with approval. */
package io.processguard.examples.database;
