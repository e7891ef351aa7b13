// Labels in Chinese and English; the choice is kept in localStorage.
const strings = {
  zh: {
    title: "Waule 网关管理", adminToken: "管理员令牌", login: "登录", logout: "退出", badToken: "令牌无效",
    keys: "供应商密钥", oss: "平台存储", discord: "Discord 账号", sora: "Sora 代理", usage: "用量",
    provider: "供应商", name: "名称", secret: "密钥", hint: "尾号", baseUrl: "Base URL", weight: "权重", status: "状态",
    requests: "请求数", failures: "失败数", lastError: "最近错误", lastUsedAt: "最近使用", cooldownUntil: "冷却至",
    actions: "操作", add: "添加", test: "测试", enable: "启用", disable: "停用", delete: "删除", save: "保存",
    enabled: "启用中", disabled: "已停用", confirmDelete: "确定删除？", filter: "筛选", prev: "上一页", next: "下一页",
    endpoint: "Endpoint", bucket: "Bucket", region: "区域", accessKeyId: "Access Key ID", secretAccessKey: "Secret Access Key",
    publicBaseUrl: "公开访问地址（可选）", forcePathStyle: "Path-style 访问", notConfigured: "尚未配置",
    keepBlank: "留空则保留已保存的值", testOk: "测试通过", testFailed: "测试失败", saved: "已保存",
    guildId: "服务器 ID", channelId: "频道 ID", userToken: "用户 Token", userAgent: "User-Agent", coreSize: "并发数",
    queueSize: "队列长度", remark: "备注", apiKey: "API Key", from: "开始日期", to: "结束日期", day: "日期", key: "密钥",
    errors: "错误数", avgLatency: "平均延迟 (ms)", query: "查询", total: "合计", updatedAt: "更新时间", reason: "原因",
  },
  en: {
    title: "Waule Gateway admin", adminToken: "Admin token", login: "Log in", logout: "Log out", badToken: "Invalid token",
    keys: "Provider keys", oss: "Platform OSS", discord: "Discord accounts", sora: "Sora proxy", usage: "Usage",
    provider: "Provider", name: "Name", secret: "Secret", hint: "Hint", baseUrl: "Base URL", weight: "Weight", status: "Status",
    requests: "Requests", failures: "Failures", lastError: "Last error", lastUsedAt: "Last used", cooldownUntil: "Cooling until",
    actions: "Actions", add: "Add", test: "Test", enable: "Enable", disable: "Disable", delete: "Delete", save: "Save",
    enabled: "enabled", disabled: "disabled", confirmDelete: "Delete it?", filter: "Filter", prev: "Previous", next: "Next",
    endpoint: "Endpoint", bucket: "Bucket", region: "Region", accessKeyId: "Access key id", secretAccessKey: "Secret access key",
    publicBaseUrl: "Public base URL (optional)", forcePathStyle: "Path-style addressing", notConfigured: "Not configured yet",
    keepBlank: "leave blank to keep the stored value", testOk: "Test passed", testFailed: "Test failed", saved: "Saved",
    guildId: "Guild id", channelId: "Channel id", userToken: "User token", userAgent: "User-Agent", coreSize: "Concurrency",
    queueSize: "Queue size", remark: "Remark", apiKey: "API key", from: "From", to: "To", day: "Day", key: "Key",
    errors: "Errors", avgLatency: "Avg latency (ms)", query: "Query", total: "Total", updatedAt: "Updated", reason: "Reason",
  },
};

let lang = localStorage.getItem("waule-gw-lang") === "en" ? "en" : "zh";

export function t(key) {
  return strings[lang][key] ?? key;
}

export function currentLang() {
  return lang;
}

export function toggleLang() {
  lang = lang === "zh" ? "en" : "zh";
  localStorage.setItem("waule-gw-lang", lang);
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
}
