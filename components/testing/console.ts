// Edits "behind the tool's back": what a user of the CAST AI console (or another tool) changes between two
// runs. They skip the API's request validation but go through the same storage rules (versions, views).

import { newId } from "./ids";
import { clone, mergePatch } from "./merge";
import type { Core } from "./router";
import { requireCluster, requireLiveCluster } from "./state";
import type { EmulatorConsole } from "./types";
import { archive, clusterView, connectAgent, statusTransitionKey } from "./routes/clusters";
import { requireSchedule } from "./routes/hibernation";
import { requireConfiguration, writeConfiguration } from "./routes/nodeConfigurations";
import { requireTemplate, writeTemplate } from "./routes/nodeTemplates";
import { requireMutation } from "./routes/podMutations";
import { policiesView } from "./routes/policies";
import { deleteServiceAccount, requireKey, requireServiceAccount } from "./routes/serviceAccounts";

/**
 * Edits throw the API's own not-found errors (an `ApiError` with status 404) for unknown objects. Each edit
 * first applies the transitions that are due, so the console sees the same present as the API does.
 */
export function createConsole(core: Core): EmulatorConsole {
  const { state } = core;
  const edits: EmulatorConsole = {
    updateCluster(clusterId, patch) {
      const cluster = requireCluster(state, clusterId);
      state.clusters[cluster.id] = mergePatch(cluster, patch);
      return clusterView(state.clusters[cluster.id]);
    },
    connectAgent(clusterId) {
      const cluster = requireLiveCluster(state, clusterId);
      connectAgent(core, cluster, core.clock.now());
      return clusterView(cluster);
    },
    setClusterStatus(clusterId, status, agentStatus) {
      const cluster = requireCluster(state, clusterId);
      core.timeline.cancel(statusTransitionKey(cluster.id));
      if (status === "archived") archive(core, cluster, new Date());
      else cluster.status = status;
      if (agentStatus) cluster.agentStatus = agentStatus;
      return clusterView(cluster);
    },
    rotateCredentialsId(clusterId) {
      const cluster = requireCluster(state, clusterId);
      cluster.credentialsId = newId();
      return clusterView(cluster);
    },
    updatePolicies(clusterId, patch) {
      const id = requireLiveCluster(state, clusterId).id;
      state.policies[id] = mergePatch(state.policies[id], patch);
      return policiesView(state, id);
    },
    updateNodeTemplate(clusterId, name, patch) {
      return writeTemplate(state, clusterId, name, mergePatch(requireTemplate(state, clusterId, name), patch));
    },
    deleteNodeTemplate(clusterId, name) {
      requireTemplate(state, clusterId, name);
      delete state.nodeTemplates[clusterId][name];
    },
    updateNodeConfiguration(clusterId, configurationId, patch) {
      const configuration = requireConfiguration(state, clusterId, configurationId);
      return writeConfiguration(state, state.clusters[clusterId], configurationId, mergePatch(configuration, patch), new Date());
    },
    deleteNodeConfiguration(clusterId, configurationId) {
      requireConfiguration(state, clusterId, configurationId);
      delete state.nodeConfigurations[clusterId][configurationId];
    },
    updateEvictorConfig(clusterId, config) {
      const id = requireLiveCluster(state, clusterId).id;
      state.evictorConfigs[id] = clone(config);
      return clone(config);
    },
    updateHibernationSchedule(scheduleId, patch) {
      const schedule = requireSchedule(state, scheduleId);
      state.hibernationSchedules[schedule.id] = { ...mergePatch(schedule, patch), updateTime: new Date().toISOString() };
      return clone(state.hibernationSchedules[schedule.id]);
    },
    deleteHibernationSchedule(scheduleId) {
      delete state.hibernationSchedules[requireSchedule(state, scheduleId).id];
    },
    updatePodMutation(clusterId, mutationId, patch) {
      const mutation = requireMutation(state, clusterId, mutationId);
      state.podMutations[clusterId][mutation.id] = { ...mergePatch(mutation, patch), updateTime: new Date().toISOString() };
      return clone(state.podMutations[clusterId][mutation.id]);
    },
    deletePodMutation(clusterId, mutationId) {
      delete state.podMutations[clusterId][requireMutation(state, clusterId, mutationId).id];
    },
    updateServiceAccount(serviceAccountId, patch) {
      const account = requireServiceAccount(state, serviceAccountId);
      state.serviceAccounts[account.id] = mergePatch(account, patch);
      return clone(state.serviceAccounts[account.id]);
    },
    deleteServiceAccount(serviceAccountId) {
      deleteServiceAccount(state, requireServiceAccount(state, serviceAccountId).id);
    },
    deleteServiceAccountKey(serviceAccountId, keyId) {
      delete state.serviceAccountKeys[serviceAccountId][requireKey(state, serviceAccountId, keyId).id];
    },
  };
  const settledFirst = Object.entries(edits).map(([name, edit]: [string, (...args: unknown[]) => unknown]) => [
    name,
    (...args: unknown[]) => {
      core.timeline.settle();
      return edit(...args);
    },
  ]);
  return Object.fromEntries(settledFirst) as EmulatorConsole;
}
