/** A libphonenumber-backed phone normaliser for Recall's identity resolution. */
package io.recall.examples.phone;
