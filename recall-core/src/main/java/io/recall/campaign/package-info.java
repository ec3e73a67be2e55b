/**
 * Campaigns as data ({@link io.recall.campaign.Campaign}), deterministic stratified holdouts
 * ({@link io.recall.campaign.Holdout}) and the run that turns a campaign into outbox messages and a
 * {@link io.recall.campaign.CampaignRecord}.
 */
package io.recall.campaign;
