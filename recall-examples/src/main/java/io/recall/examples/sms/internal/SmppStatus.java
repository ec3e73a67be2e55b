package io.recall.examples.sms.internal;

import io.recall.channels.SendResult;
import org.jsmpp.SMPPConstant;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Classifies a negative {@code submit_sm_resp} command status (SMPP 3.4, section 5.1.3) as a send result.
 *
 * <p>Throttling and a full queue are the SMSC asking to slow down: Retryable after the configured back-off,
 * since SMPP cannot say how long. A bad destination is the address's fault: Permanent and suppressed.
 * System and temporary application errors are Retryable. Anything else refuses this message only: Permanent
 * without suppression (the address may be fine).
 */
public final class SmppStatus {

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(SMPPConstant.STAT_ESME_RINVMSGLEN, "ESME_RINVMSGLEN"),
            Map.entry(SMPPConstant.STAT_ESME_RSYSERR, "ESME_RSYSERR"),
            Map.entry(SMPPConstant.STAT_ESME_RINVDSTADR, "ESME_RINVDSTADR"),
            Map.entry(SMPPConstant.STAT_ESME_RMSGQFUL, "ESME_RMSGQFUL"),
            Map.entry(SMPPConstant.STAT_ESME_RSUBMITFAIL, "ESME_RSUBMITFAIL"),
            Map.entry(SMPPConstant.STAT_ESME_RINVDSTTON, "ESME_RINVDSTTON"),
            Map.entry(SMPPConstant.STAT_ESME_RINVDSTNPI, "ESME_RINVDSTNPI"),
            Map.entry(SMPPConstant.STAT_ESME_RTHROTTLED, "ESME_RTHROTTLED"),
            Map.entry(SMPPConstant.STAT_ESME_RX_T_APPN, "ESME_RX_T_APPN"),
            Map.entry(SMPPConstant.STAT_ESME_RX_P_APPN, "ESME_RX_P_APPN"),
            Map.entry(SMPPConstant.STAT_ESME_RX_R_APPN, "ESME_RX_R_APPN"),
            Map.entry(SMPPConstant.STAT_ESME_RDELIVERYFAILURE, "ESME_RDELIVERYFAILURE"),
            Map.entry(SMPPConstant.STAT_ESME_RUNKNOWNERR, "ESME_RUNKNOWNERR"));

    private SmppStatus() {
    }

    /** {@code smpp 0x58 ESME_RTHROTTLED}, for reasons. */
    public static String describe(int status) {
        return String.format(Locale.ROOT, "smpp 0x%02X %s", status, NAMES.getOrDefault(status, "error"));
    }

    /** The result for a refused {@code submit_sm}. */
    public static SendResult classify(int status, Duration throttleBackoff) {
        String reason = "submit_sm refused: " + describe(status);
        switch (status) {
            case SMPPConstant.STAT_ESME_RTHROTTLED:
            case SMPPConstant.STAT_ESME_RMSGQFUL:
                return SendResult.retryable(reason, throttleBackoff);
            case SMPPConstant.STAT_ESME_RSYSERR:
            case SMPPConstant.STAT_ESME_RX_T_APPN:
            case SMPPConstant.STAT_ESME_RSUBMITFAIL:
            case SMPPConstant.STAT_ESME_RUNKNOWNERR:
                return SendResult.retryable(reason);
            case SMPPConstant.STAT_ESME_RINVDSTADR:
            case SMPPConstant.STAT_ESME_RINVDSTTON:
            case SMPPConstant.STAT_ESME_RINVDSTNPI:
            case SMPPConstant.STAT_ESME_RX_R_APPN:
                return SendResult.permanent(reason, true);
            default:
                return SendResult.permanent(reason, false);
        }
    }
}
