package io.recall.report.internal;

import java.util.Locale;
import java.util.Map;

/** The report's fixed texts in English and Simplified Chinese; any other locale gets English. */
public final class Labels {

    private static final Map<String, String> EN = Map.ofEntries(
            Map.entry("summary", "Summary"),
            Map.entry("asOf", "As of %s"),
            Map.entry("customers", "customers"),
            Map.entry("segments", "Segment sizes"),
            Map.entry("segment", "Segment"),
            Map.entry("share", "Share"),
            Map.entry("movement", "Movement between segments, %s to %s"),
            Map.entry("fromTo", "From \\ to"),
            Map.entry("new", "New customers"),
            Map.entry("customersHead", "Customers"),
            Map.entry("gone", "No longer classified"),
            Map.entry("heatMap", "Recency x frequency heat map"),
            Map.entry("recency", "Recency score (R)"),
            Map.entry("frequency", "Frequency score (F)"),
            Map.entry("legend", "Customers per cell"),
            Map.entry("offers", "Offers and budget"),
            Map.entry("offerKind", "Offer kind"),
            Map.entry("decisions", "Decisions"),
            Map.entry("value", "Value"),
            Map.entry("budget", "Budget"),
            Map.entry("used", "Used"),
            Map.entry("left", "Left"),
            Map.entry("unlimited", "no limit"),
            Map.entry("funnel", "Funnel per channel"),
            Map.entry("channel", "Channel"),
            Map.entry("sent", "Sent"),
            Map.entry("delivered", "Delivered"),
            Map.entry("opened", "Opened"),
            Map.entry("clicked", "Clicked"),
            Map.entry("converted", "Converted"),
            Map.entry("uplift", "Uplift per campaign, segment and channel"),
            Map.entry("upliftAxis", "Uplift in conversion rate (percentage points), %d %% interval"),
            Map.entry("cell", "Group"),
            Map.entry("treated", "Targeted"),
            Map.entry("holdout", "Holdout"),
            Map.entry("upliftPoints", "Uplift (points)"),
            Map.entry("interval", "%d %% CI"),
            Map.entry("incremental", "Incremental revenue"),
            Map.entry("cost", "Incentive cost"),
            Map.entry("roi", "ROI"),
            Map.entry("notes", "Notes"),
            Map.entry("dim.campaign", "campaign"),
            Map.entry("dim.segment", "segment"),
            Map.entry("dim.channel", "channel"),
            Map.entry("sentence", "Campaign %s converted %s of targeted customers vs %s of the holdout: %s points"
                    + " (%d %% CI %s to %s), %s incremental revenue, ROI %s."),
            Map.entry("sentenceNoUplift", "Campaign %s: too few customers in one arm to compare with the holdout."),
            Map.entry("notRandomised", "The comparison group of campaign %s was not a randomised holdout: the"
                    + " difference is an association, not an effect."),
            Map.entry("segmentSentence", "%s customers in %s segments; the largest is %s (%s)."),
            Map.entry("offersPerSegment", "Offers per segment"),
            Map.entry("offer", "Offer"),
            Map.entry("made", "Made"),
            Map.entry("redeemed", "Redeemed"),
            Map.entry("redeemedValue", "Value redeemed"),
            Map.entry("budgetChart", "Budget used and left"),
            Map.entry("journeys", "Follow-up journeys"),
            Map.entry("journey", "Journey"),
            Map.entry("j.entered", "Entered"),
            Map.entry("j.moves", "Steps taken"),
            Map.entry("j.enqueued", "Messages queued"),
            Map.entry("j.sent", "Messages sent"),
            Map.entry("j.skipped", "No address"),
            Map.entry("j.finished", "Finished"),
            Map.entry("j.exited", "Left early"),
            Map.entry("j.active", "Still active"),
            Map.entry("journeySentence", "%d follow-up journeys: %s entries, %s follow-up messages sent."),
            Map.entry("na", "n/a"),
            Map.entry("empty", "No data."));

    private static final Map<String, String> ZH = Map.ofEntries(
            Map.entry("summary", "摘要"),
            Map.entry("asOf", "截至 %s"),
            Map.entry("customers", "位客户"),
            Map.entry("segments", "客户分群规模"),
            Map.entry("segment", "分群"),
            Map.entry("share", "占比"),
            Map.entry("movement", "分群迁移（%s 至 %s）"),
            Map.entry("fromTo", "从 \\ 到"),
            Map.entry("new", "新增客户"),
            Map.entry("customersHead", "客户数"),
            Map.entry("gone", "不再归类"),
            Map.entry("heatMap", "最近购买 × 购买频次热力图"),
            Map.entry("recency", "最近购买得分（R）"),
            Map.entry("frequency", "购买频次得分（F）"),
            Map.entry("legend", "每格客户数"),
            Map.entry("offers", "优惠与预算"),
            Map.entry("offerKind", "优惠类型"),
            Map.entry("decisions", "决策数"),
            Map.entry("value", "价值"),
            Map.entry("budget", "预算"),
            Map.entry("used", "已用"),
            Map.entry("left", "剩余"),
            Map.entry("unlimited", "不限"),
            Map.entry("funnel", "各渠道转化漏斗"),
            Map.entry("channel", "渠道"),
            Map.entry("sent", "已发送"),
            Map.entry("delivered", "已送达"),
            Map.entry("opened", "已打开"),
            Map.entry("clicked", "已点击"),
            Map.entry("converted", "已转化"),
            Map.entry("uplift", "各活动、分群与渠道的提升效果"),
            Map.entry("upliftAxis", "转化率提升（百分点），%d%% 置信区间"),
            Map.entry("cell", "组别"),
            Map.entry("treated", "目标组"),
            Map.entry("holdout", "对照组"),
            Map.entry("upliftPoints", "提升（百分点）"),
            Map.entry("interval", "%d%% 置信区间"),
            Map.entry("incremental", "增量收入"),
            Map.entry("cost", "激励成本"),
            Map.entry("roi", "投资回报率"),
            Map.entry("notes", "说明"),
            Map.entry("dim.campaign", "活动"),
            Map.entry("dim.segment", "分群"),
            Map.entry("dim.channel", "渠道"),
            Map.entry("sentence", "活动 %s：目标客户转化率 %s，对照组 %s；提升 %s 个百分点（%d%% 置信区间 %s 至 %s），"
                    + "增量收入 %s，投资回报率 %s。"),
            Map.entry("sentenceNoUplift", "活动 %s：某一组客户过少，无法与对照组比较。"),
            Map.entry("notRandomised", "活动 %s 的对照组不是随机留出组：差异只是相关，不代表因果效果。"),
            Map.entry("segmentSentence", "共 %s 位客户，分为 %s 个分群；最大的是“%s”（%s）。"),
            Map.entry("offersPerSegment", "各分群的优惠"),
            Map.entry("offer", "优惠"),
            Map.entry("made", "已发放"),
            Map.entry("redeemed", "已核销"),
            Map.entry("redeemedValue", "核销价值"),
            Map.entry("budgetChart", "预算使用与剩余"),
            Map.entry("journeys", "跟进旅程"),
            Map.entry("journey", "旅程"),
            Map.entry("j.entered", "进入"),
            Map.entry("j.moves", "执行步骤"),
            Map.entry("j.enqueued", "排队消息"),
            Map.entry("j.sent", "已发送消息"),
            Map.entry("j.skipped", "无地址"),
            Map.entry("j.finished", "已完成"),
            Map.entry("j.exited", "提前退出"),
            Map.entry("j.active", "进行中"),
            Map.entry("journeySentence", "%d 个跟进旅程：共 %s 次进入，已发送 %s 条跟进消息。"),
            Map.entry("na", "无"),
            Map.entry("empty", "暂无数据。"));

    private final Map<String, String> texts;

    private Labels(Map<String, String> texts) {
        this.texts = texts;
    }

    /** The labels for a locale: Chinese for any {@code zh} locale, English otherwise. */
    public static Labels of(Locale locale) {
        return new Labels(locale.getLanguage().equals("zh") ? ZH : EN);
    }

    /** One text, formatted with its arguments. */
    public String get(String key, Object... args) {
        String t = texts.get(key);
        if (t == null) {
            throw new IllegalArgumentException("no label " + key);
        }
        return args.length == 0 ? t : String.format(Locale.ROOT, t, args);
    }
}
