package io.recall.identity;

/** A value two records must share, after normalisation, to be taken for one person. */
public enum MatchKey {
    /** A normalised e-mail address (trimmed, lower-case). */
    EMAIL,
    /** A phone number in E.164, as the {@link PhoneNormalizer} gives it. */
    PHONE,
    /** The loyalty-programme membership id. */
    MEMBER_ID,
    /** An id another source knows the person by, e.g. the web shop's customer id on a store receipt. */
    LINKED_ID
}
