package org.factorline.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.VerificationPolicy;
import org.factorline.pricing.FeeBase;
import org.factorline.pricing.FeeSchedule;
import org.factorline.pricing.FeeShape;
import org.factorline.pricing.MiscFees;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;

/** The agreement form, prefilled with terms a factor commonly offers. */
public class AgreementForm {
    private LocalDate effectiveFrom;
    private String currency = "USD";
    private BigDecimal advanceRatePct = new BigDecimal("80");
    private FeeShape feeShape = FeeShape.TIERED;
    private BigDecimal feeRatePct = new BigDecimal("2.5");
    private int feeInitialDays = 30;
    private BigDecimal feeBracketRatePct = new BigDecimal("0.75");
    private Integer feeBracketDays = 10;
    private BigDecimal feeAnnualRatePct;
    private int feeDayCount = 360;
    private BigDecimal feeMinimumAmount;
    private int feeMinimumDays;
    private BigDecimal feeCapPct;
    private FeeBase feeBase = FeeBase.FACE;
    private boolean feePurchaseDayCounts = true;
    private int feeClearanceDays;
    private BigDecimal wireFee = new BigDecimal("25.00");
    private BigDecimal achFee = BigDecimal.ZERO;
    private BigDecimal invoiceFee = new BigDecimal("5.00");
    private BigDecimal scheduleFee = BigDecimal.ZERO;
    private BigDecimal noaFee = BigDecimal.ZERO;
    private BigDecimal creditCheckFee = BigDecimal.ZERO;
    private boolean recourse = true;
    private Integer recourseDays = 90;
    private BigDecimal facilityLimit = new BigDecimal("250000.00");
    private BigDecimal concentrationLimitPct = new BigDecimal("25");
    private VerificationPolicy.Kind verificationKind = VerificationPolicy.Kind.ALL;
    private BigDecimal verificationThreshold;
    private BigDecimal verificationSamplePct;
    private boolean notification = true;

    AgreementTerms toTerms() {
        Currency cur = Currency.getInstance(
                currency == null || currency.isBlank()
                        ? "USD"
                        : currency.strip().toUpperCase());
        FeeSchedule fees = new FeeSchedule(
                feeShape,
                rate(feeRatePct),
                feeInitialDays,
                rate(feeBracketRatePct),
                feeBracketDays,
                rate(feeAnnualRatePct),
                feeDayCount,
                money(feeMinimumAmount, cur),
                feeMinimumDays,
                rate(feeCapPct),
                feeBase,
                feePurchaseDayCounts,
                feeClearanceDays);
        MiscFees misc = new MiscFees(
                money0(wireFee, cur),
                money0(achFee, cur),
                money0(invoiceFee, cur),
                money0(scheduleFee, cur),
                money0(noaFee, cur),
                money0(creditCheckFee, cur));
        VerificationPolicy vp = new VerificationPolicy(
                verificationKind, money(verificationThreshold, cur), rate(verificationSamplePct));
        return new AgreementTerms(
                effectiveFrom,
                cur,
                rate(advanceRatePct),
                fees,
                misc,
                recourse,
                recourseDays,
                money(facilityLimit, cur),
                rate(concentrationLimitPct),
                vp,
                notification);
    }

    private static Rate rate(BigDecimal b) {
        return b == null ? null : Rate.percent(b);
    }

    private static Money money(BigDecimal b, Currency c) {
        return b == null ? null : Money.of(b, c);
    }

    private static Money money0(BigDecimal b, Currency c) {
        return b == null ? Money.zero(c) : money(b, c);
    }

    public LocalDate getEffectiveFrom() {
        return effectiveFrom;
    }

    public void setEffectiveFrom(LocalDate v) {
        effectiveFrom = v;
    }

    public String getCurrency() {
        return currency;
    }

    public void setCurrency(String v) {
        currency = v;
    }

    public BigDecimal getAdvanceRatePct() {
        return advanceRatePct;
    }

    public void setAdvanceRatePct(BigDecimal v) {
        advanceRatePct = v;
    }

    public FeeShape getFeeShape() {
        return feeShape;
    }

    public void setFeeShape(FeeShape v) {
        feeShape = v;
    }

    public BigDecimal getFeeRatePct() {
        return feeRatePct;
    }

    public void setFeeRatePct(BigDecimal v) {
        feeRatePct = v;
    }

    public int getFeeInitialDays() {
        return feeInitialDays;
    }

    public void setFeeInitialDays(int v) {
        feeInitialDays = v;
    }

    public BigDecimal getFeeBracketRatePct() {
        return feeBracketRatePct;
    }

    public void setFeeBracketRatePct(BigDecimal v) {
        feeBracketRatePct = v;
    }

    public Integer getFeeBracketDays() {
        return feeBracketDays;
    }

    public void setFeeBracketDays(Integer v) {
        feeBracketDays = v;
    }

    public BigDecimal getFeeAnnualRatePct() {
        return feeAnnualRatePct;
    }

    public void setFeeAnnualRatePct(BigDecimal v) {
        feeAnnualRatePct = v;
    }

    public int getFeeDayCount() {
        return feeDayCount;
    }

    public void setFeeDayCount(int v) {
        feeDayCount = v;
    }

    public BigDecimal getFeeMinimumAmount() {
        return feeMinimumAmount;
    }

    public void setFeeMinimumAmount(BigDecimal v) {
        feeMinimumAmount = v;
    }

    public int getFeeMinimumDays() {
        return feeMinimumDays;
    }

    public void setFeeMinimumDays(int v) {
        feeMinimumDays = v;
    }

    public BigDecimal getFeeCapPct() {
        return feeCapPct;
    }

    public void setFeeCapPct(BigDecimal v) {
        feeCapPct = v;
    }

    public FeeBase getFeeBase() {
        return feeBase;
    }

    public void setFeeBase(FeeBase v) {
        feeBase = v;
    }

    public boolean isFeePurchaseDayCounts() {
        return feePurchaseDayCounts;
    }

    public void setFeePurchaseDayCounts(boolean v) {
        feePurchaseDayCounts = v;
    }

    public int getFeeClearanceDays() {
        return feeClearanceDays;
    }

    public void setFeeClearanceDays(int v) {
        feeClearanceDays = v;
    }

    public BigDecimal getWireFee() {
        return wireFee;
    }

    public void setWireFee(BigDecimal v) {
        wireFee = v;
    }

    public BigDecimal getAchFee() {
        return achFee;
    }

    public void setAchFee(BigDecimal v) {
        achFee = v;
    }

    public BigDecimal getInvoiceFee() {
        return invoiceFee;
    }

    public void setInvoiceFee(BigDecimal v) {
        invoiceFee = v;
    }

    public BigDecimal getScheduleFee() {
        return scheduleFee;
    }

    public void setScheduleFee(BigDecimal v) {
        scheduleFee = v;
    }

    public BigDecimal getNoaFee() {
        return noaFee;
    }

    public void setNoaFee(BigDecimal v) {
        noaFee = v;
    }

    public BigDecimal getCreditCheckFee() {
        return creditCheckFee;
    }

    public void setCreditCheckFee(BigDecimal v) {
        creditCheckFee = v;
    }

    public boolean isRecourse() {
        return recourse;
    }

    public void setRecourse(boolean v) {
        recourse = v;
    }

    public Integer getRecourseDays() {
        return recourseDays;
    }

    public void setRecourseDays(Integer v) {
        recourseDays = v;
    }

    public BigDecimal getFacilityLimit() {
        return facilityLimit;
    }

    public void setFacilityLimit(BigDecimal v) {
        facilityLimit = v;
    }

    public BigDecimal getConcentrationLimitPct() {
        return concentrationLimitPct;
    }

    public void setConcentrationLimitPct(BigDecimal v) {
        concentrationLimitPct = v;
    }

    public VerificationPolicy.Kind getVerificationKind() {
        return verificationKind;
    }

    public void setVerificationKind(VerificationPolicy.Kind v) {
        verificationKind = v;
    }

    public BigDecimal getVerificationThreshold() {
        return verificationThreshold;
    }

    public void setVerificationThreshold(BigDecimal v) {
        verificationThreshold = v;
    }

    public BigDecimal getVerificationSamplePct() {
        return verificationSamplePct;
    }

    public void setVerificationSamplePct(BigDecimal v) {
        verificationSamplePct = v;
    }

    public boolean isNotification() {
        return notification;
    }

    public void setNotification(boolean v) {
        notification = v;
    }
}
