// Orders: buying packages through payment providers, their notifies, reconciliation and expiry.
export { closeOrderAtProvider, createOrderSweeper, reconcileOrder, sweepOrders } from "./reconcile";
export { adminNotifyRoutes, adminOrderRoutes, paymentNotifyRoutes, tenantOrderRoutes } from "./routes";
