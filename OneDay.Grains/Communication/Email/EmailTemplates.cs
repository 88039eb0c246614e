using System.Globalization;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Grains.Communication.Email;

/// <summary>What an email says, per kind and language. Plain strings: the composer encodes them for HTML.</summary>
public static class EmailTemplates
{
    public static EmailContent Render(string kind, string language, EmailFacts facts)
    {
        var ko = language == Languages.Korean;
        var job = facts.JobTitle ?? (ko ? "근무" : "your shift");
        var name = string.IsNullOrWhiteSpace(facts.DisplayName) ? (ko ? "회원" : "there") : facts.DisplayName;
        var amount = facts.AmountKrw?.ToString("N0", CultureInfo.InvariantCulture) ?? "0";
        var (subject, lines) = (kind, ko) switch
        {
            (EmailKinds.VerifyEmail, true) => ("이메일 주소를 확인해 주세요", new[]
            {
                $"{name}님, 안녕하세요.",
                $"아래 링크를 {facts.LinkHours}시간 안에 열어 {facts.Address} 주소가 본인의 것임을 확인해 주세요.",
                "OneDay에 가입하지 않으셨다면 이 메일을 무시하셔도 됩니다.",
            }),
            (EmailKinds.VerifyEmail, false) => ("Confirm your email address", new[]
            {
                $"Hello {name},",
                $"Please confirm that {facts.Address} is yours by opening the link below within {facts.LinkHours} hours.",
                "If you did not sign up for OneDay, you can ignore this email.",
            }),
            (NotificationKinds.Welcome, true) => ("OneDay에 오신 것을 환영합니다", new[]
            {
                $"{name}님, OneDay에 오신 것을 환영합니다.",
                "오늘 가까운 곳의 일자리를 찾거나, 일자리를 올려 함께 일할 사람을 구해 보세요.",
            }),
            (NotificationKinds.Welcome, false) => ("Welcome to OneDay", new[]
            {
                $"Hello {name}, welcome to OneDay.",
                "Find a shift near you today, or post one and get it filled.",
            }),
            (NotificationKinds.ApplicationReceived, true) => ($"{job}에 새 지원이 도착했습니다", new[]
            {
                $"{job}에 새로운 지원자가 있습니다. OneDay에서 지원 내용을 확인해 주세요.",
            }),
            (NotificationKinds.ApplicationReceived, false) => ($"New application for {job}", new[]
            {
                $"A worker applied to {job}. Open OneDay to review the application.",
            }),
            (NotificationKinds.ApplicationAccepted, true) => ($"근무가 확정되었습니다: {job}", new[]
            {
                $"{name}님, 좋은 소식입니다. {job} 근무에 채용되셨습니다.",
                "OneDay에서 시작 시간과 장소를 확인해 주세요.",
            }),
            (NotificationKinds.ApplicationAccepted, false) => ($"You're in: {job}", new[]
            {
                $"Good news, {name}: the employer accepted you for {job}.",
                "Check the start time and the place in OneDay.",
            }),
            (NotificationKinds.ApplicationRejected, true) => ($"지원 결과 안내: {job}", new[]
            {
                $"아쉽게도 이번에는 {job}에 채용되지 않으셨습니다. OneDay에서 다른 일자리를 찾아보세요.",
            }),
            (NotificationKinds.ApplicationRejected, false) => ($"Update on {job}", new[]
            {
                $"Your application for {job} was not accepted this time. More shifts are waiting in OneDay.",
            }),
            (NotificationKinds.ShiftStartingSoon, true) => ($"한 시간 뒤 근무가 시작됩니다: {job}", new[]
            {
                $"{job} 근무가 약 한 시간 뒤에 시작됩니다. 도착하면 출근 체크를 잊지 마세요.",
            }),
            (NotificationKinds.ShiftStartingSoon, false) => ($"Your shift starts in an hour: {job}", new[]
            {
                $"{job} starts in about an hour. Remember to check in when you arrive.",
            }),
            (NotificationKinds.CheckInMissing, true) => ($"출근 체크가 아직 없습니다: {job}", new[]
            {
                $"{job} 근무가 시작되었지만 출근 체크가 기록되지 않았습니다. OneDay에서 확인해 주세요.",
            }),
            (NotificationKinds.CheckInMissing, false) => ($"No check-in yet: {job}", new[]
            {
                $"{job} has started and no check-in has been recorded. Please look in OneDay.",
            }),
            (NotificationKinds.ShiftCancelled, true) => ($"근무가 취소되었습니다: {job}", new[]
            {
                $"고용주가 {job} 근무를 취소했습니다. 시작 직전의 취소라면 약정된 보상금이 지갑으로 지급됩니다.",
            }),
            (NotificationKinds.ShiftCancelled, false) => ($"Shift cancelled: {job}", new[]
            {
                $"The employer cancelled {job}. If they cancelled shortly before the start, your share of the pay reaches your wallet.",
            }),
            (NotificationKinds.ShiftPaid, true) => ($"{amount}원이 지급되었습니다", new[]
            {
                $"{job} 근무의 급여 {amount}원이 OneDay 지갑에 입금되었습니다.",
            }),
            (NotificationKinds.ShiftPaid, false) => ($"You've been paid {amount} KRW", new[]
            {
                $"{amount} KRW for {job} reached your OneDay wallet.",
            }),
            (NotificationKinds.JobNearby, true) => ($"가까운 곳에 새 일자리: {job}", new[]
            {
                $"{name}님의 매칭 프로필에 맞는 {job} 공고가 방금 올라왔습니다. OneDay에서 확인하고 지원해 보세요.",
            }),
            (NotificationKinds.JobNearby, false) => ($"New near you: {job}", new[]
            {
                $"{job} was just posted near you and fits your matching profile. Have a look in OneDay.",
            }),
            (NotificationKinds.JobInvitation, true) => ($"근무 제안이 도착했습니다: {job}", new[]
            {
                $"{name}님, 고용주가 {job} 근무에 지원해 달라고 초대했습니다. OneDay에서 확인해 주세요.",
            }),
            (NotificationKinds.JobInvitation, false) => ($"You're invited: {job}", new[]
            {
                $"{name}, an employer invited you to apply for {job}. See it in OneDay.",
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No email is written for this kind."),
        };

        return new EmailContent(
            subject,
            lines,
            facts.Link,
            facts.Link is null ? null : ko ? "이메일 주소 확인하기" : "Confirm my email address",
            ko ? "OneDay 계정과 관련된 메일입니다. 받을 메일은 앱의 알림 설정에서 고를 수 있습니다."
               : "You get this email because of your OneDay account. Choose which emails you get in the app's notification settings.");
    }
}

/// <summary>What a template may say about the recipient and the event.</summary>
public sealed record EmailFacts(string DisplayName, string Address, string? JobTitle, long? AmountKrw, string? Link, int LinkHours);

public sealed record EmailContent(string Subject, IReadOnlyList<string> Lines, string? Link, string? LinkText, string Footer);
